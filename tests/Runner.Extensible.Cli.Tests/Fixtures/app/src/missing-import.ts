import { nothing } from './does-not-exist';
console.log(nothing);
