// world root:component/root
export type * as OpencodeBackgroundAgentHost010 from './interfaces/opencode-background-agent-host.js'; // import opencode:background-agent/host@0.1.0
export type * as OpencodeBackgroundAgentTypes010 from './interfaces/opencode-background-agent-types.js'; // import opencode:background-agent/types@0.1.0
export * as manager from './interfaces/opencode-background-agent-manager.js'; // export opencode:background-agent/manager@0.1.0
