import { check } from './helpers/check';

interface Order {
  id: number;
  total: number;
}

const orders: Order[] = [{ id: 1, total: 10 }, { id: 2, total: -5 }];
console.log('checking orders');
for (const order of orders) check(order.total, `order ${order.id}`);
console.log('not reached');
