const code: number = 3;
console.log('setting process.exitCode');
process.exitCode = code;
