export { createSecureWindow, type SecureWindowOptions } from './secure-window.ts';
export { allowNavigation, allowPermission, parseShellConfig, type ShellConfig } from './policy.ts';
export { assertSender } from './ipc.ts';
export { loadShellConfig } from './config.ts';
export { bootShell } from './boot.ts';
