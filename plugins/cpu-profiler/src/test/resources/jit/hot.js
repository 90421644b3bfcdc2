// Spins in hotJsFunction until stdin closes (or 60 s pass, so a broken test leaves nothing behind).
'use strict';
let sink = 0;
function hotJsFunction(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += (i * i) ^ (s >>> 3);
  }
  return s;
}
const end = Date.now() + 60000;
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log('ready ' + process.pid);
function spin() {
  const until = Date.now() + 50;
  while (Date.now() < until) {
    sink += hotJsFunction(100000);
  }
  if (Date.now() < end) {
    setImmediate(spin); // yield to the event loop so stdin's end is seen
  } else {
    process.exit(0);
  }
}
spin();
