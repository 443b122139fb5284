/** The package's version, as its scope's version in every instrument and span. */
export const VERSION = '0.0.0';
