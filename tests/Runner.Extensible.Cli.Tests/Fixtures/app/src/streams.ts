console.log('first line');
await new Promise((resolve) => setTimeout(resolve, 1500));
console.log('second line');
