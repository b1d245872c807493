function fail(): never {
  throw new Error('thrown from a timer');
}
setTimeout(() => fail(), 20);
console.log('scheduled');
