// A new Node process that loads nothing and asks for nothing: what every contender pays to start.
import { readChildInput, reportChild } from './child-io.js';

readChildInput();
reportChild('no token asked for');
