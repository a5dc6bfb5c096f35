/**
 * The LibreOffice user profile each print process starts with: macros never
 * run, links never updated, remote content blocked, and every internet access
 * sent to a proxy that does not exist — LibreOffice must never fetch anything.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A closed local port: any HTTP(S)/FTP fetch LibreOffice might try fails at once. */
export const DEAD_PROXY = { host: '127.0.0.1', port: 9 };

const item = (path: string, name: string, type: string, value: string | number | boolean) =>
  `<item oor:path="${path}"><prop oor:name="${name}" oor:op="fuse" oor:type="xs:${type}"><value>${value}</value></prop></item>`;

/** The settings written into `user/registrymodifications.xcu` of a fresh profile. */
export function registryModifications(): string {
  const security = '/org.openoffice.Office.Common/Security/Scripting';
  const inet = '/org.openoffice.Inet/Settings';
  const items = [
    // Macros: "very high" security and execution switched off altogether.
    item(security, 'MacroSecurityLevel', 'int', 3),
    item(security, 'DisableMacrosExecution', 'boolean', true),
    // Images and other linked content of a document without a trusted referer are not loaded.
    item(security, 'BlockUntrustedRefererLinks', 'boolean', true),
    // Links in Writer documents: never updated (Tools > Options > Writer > General: Never).
    item('/org.openoffice.Office.Writer/Content/Update', 'Link', 'int', 2),
    // Manual proxy to a closed port for every protocol, no exceptions.
    item(inet, 'ooInetProxyType', 'int', 1),
    item(inet, 'ooInetHTTPProxyName', 'string', DEAD_PROXY.host),
    item(inet, 'ooInetHTTPProxyPort', 'int', DEAD_PROXY.port),
    item(inet, 'ooInetHTTPSProxyName', 'string', DEAD_PROXY.host),
    item(inet, 'ooInetHTTPSProxyPort', 'int', DEAD_PROXY.port),
    item(inet, 'ooInetFTPProxyName', 'string', DEAD_PROXY.host),
    item(inet, 'ooInetFTPProxyPort', 'int', DEAD_PROXY.port),
    item(inet, 'ooInetNoProxy', 'string', ''),
    // No first-start wizard, tips, recovery or auto-save work in a print server.
    item('/org.openoffice.Setup/Office', 'ooSetupInstCompleted', 'boolean', true),
    item('/org.openoffice.Office.Common/Misc', 'FirstRun', 'boolean', false),
    item('/org.openoffice.Office.Common/Misc', 'ShowTipOfTheDay', 'boolean', false),
    item('/org.openoffice.Office.Recovery/AutoSave', 'Enabled', 'boolean', false),
    item('/org.openoffice.Office.Recovery/RecoveryInfo', 'Enabled', 'boolean', false),
    item('/org.openoffice.Office.Common/Save/Document', 'CreateBackup', 'boolean', false),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${items.join('\n')}
</oor:items>
`;
}

/** Creates (or refreshes) a profile directory and returns its `file://` URL for `-env:UserInstallation`. */
export async function prepareProfile(dir: string): Promise<string> {
  await mkdir(join(dir, 'user'), { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'user', 'registrymodifications.xcu'), registryModifications(), {
    mode: 0o600,
  });
  return `file://${dir}`;
}

/** Environment of a print process: its own HOME, and proxies that lead nowhere. */
export function officeEnv(home: string): NodeJS.ProcessEnv {
  const proxy = `http://${DEAD_PROXY.host}:${DEAD_PROXY.port}`;
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TMPDIR: home,
    http_proxy: proxy,
    https_proxy: proxy,
    ftp_proxy: proxy,
    no_proxy: '',
    SAL_USE_VCLPLUGIN: 'svp',
  };
}
