import { greeting } from './helpers/greeting';

console.log(greeting('fixture'));
console.error('to stderr');
