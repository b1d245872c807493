let ticks: number = 0;
const timer = setInterval(() => {
  ticks++;
  console.log(`tick ${ticks}`);
  if (ticks === 3) {
    clearInterval(timer);
    setTimeout(() => console.log('done after timers'), 50);
  }
}, 30);
console.log('top level finished');
