/**
 * What an inventory source (an OpenSSH client config, an Ansible inventory) says about one host,
 * before the fleet file's defaults are applied. Every field remembers the file and line it came
 * from, so a mistake is reported where the operator has to fix it.
 */

export interface SourceLine {
  file: string;
  line: number | null;
}

/** A value and where it was set. */
export interface Sourced<T> extends SourceLine {
  value: T;
  /** The name the file used for it (`Port`, `ansible_port`), for messages. */
  field: string;
}

export interface InventoryEntry {
  name: string;
  /** Where the host itself is defined (its `Host` line, its line in the inventory). */
  origin: SourceLine;
  /** How the entry calls its own definition in messages: `Host web-01`, `[web] web-01`. */
  label: string;
  address: Sourced<string> | null;
  port: Sourced<number> | null;
  user: Sourced<string> | null;
  /** Absolute path (`~` and tokens expanded). */
  identityFile: Sourced<string> | null;
  /** OpenSSH ProxyJump syntax (`user@host:port,host2`), or `none` to turn a default off. */
  proxyJump: Sourced<string> | null;
  sudo: Sourced<boolean> | null;
  tags: string[];
  /** Mistakes in this host's definition: reported only when the host is selected. */
  problems: InventoryProblem[];
}

export interface InventoryProblem extends SourceLine {
  field: string;
  message: string;
}

export interface InventoryRead {
  entries: InventoryEntry[];
  problems: InventoryProblem[];
  /** Every file read (Includes, group_vars…): what a change watcher has to watch. */
  files: string[];
  /** Things left out on purpose (Match blocks, local connections), for the log. */
  notes: string[];
}
