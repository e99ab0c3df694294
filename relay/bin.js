#!/usr/bin/env node
// `vain-relay` binary: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api'

register()
await import('./cli.ts')
