setTimeout(() => process.exit(5), 20);
console.log('exit scheduled');
