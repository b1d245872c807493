declare const __CONFIG_NAME__: string | undefined;
console.log(typeof __CONFIG_NAME__ === 'string' ? __CONFIG_NAME__ : 'default config');
