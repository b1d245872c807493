'use strict';
// import() needs a script with host-defined options, which code made by the Function
// constructor lacks ("Invalid host defined options"). Loading this file with require gives
// the engine an import() that works from anywhere.
module.exports = (specifier) => import(specifier);
