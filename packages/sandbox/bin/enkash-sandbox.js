#!/usr/bin/env node
// Committed so pnpm can link the bin before the first build; the CLI itself is compiled to dist.
// The package's only bin: `npx @enkash/sandbox` runs a package's lone bin, whatever its name.
import '../dist/cli.js';
