import { value } from './value';
import { label } from './label';

console.log(`entry ran: value ${value}, label ${label}`);
