#!/usr/bin/env node
// Committed so pnpm can link the bin before the first build; the CLI itself is compiled to dist.
import '../dist/cli.js';
