console.log('before exit');
process.exit(4);
console.log('after exit');
