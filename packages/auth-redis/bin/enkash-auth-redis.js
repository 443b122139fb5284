#!/usr/bin/env node
// Committed so pnpm can link the bin before the first build; the CLI itself is compiled to dist.
// The package's only bin: `npx @enkash/auth-redis reset-lockout …` runs it.
import { runCli } from '@enkash/auth-redis/cli';

process.exitCode = await runCli(process.argv.slice(2), process.env);
