/**
 * bench/minimal-trigger: a community trigger with static parameters and no Clarky code, packed and installed into
 * n8n from its tarball exactly as n8n-nodes-clarky is.
 */
import path from 'node:path';
import { packNodePackage, type PackedNode } from '@clarky/n8n-harness';

/** The node type n8n gives it once installed: `<package>.<node>`. */
export const MINIMAL_TRIGGER_TYPE = 'n8n-nodes-minimal-trigger.minimalTrigger';

export const packMinimalTrigger = (): Promise<PackedNode> => packNodePackage(path.join(__dirname, 'minimal-trigger'));
