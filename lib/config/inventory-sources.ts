import "server-only";
import os from "node:os";
import path from "node:path";
import { readAnsibleInventory } from "@/lib/inventory/ansible-inventory";
import { isSelected } from "@/lib/inventory/host-patterns";
import { readSshConfig, type SshConfigRead } from "@/lib/inventory/ssh-config";
import type { InventoryEntry, InventoryProblem } from "@/lib/inventory/types";
import type { InventorySource } from "./fleet-schema";

export interface SourceRead {
  index: number;
  source: InventorySource;
  /** The selected entries, source tags added. */
  entries: InventoryEntry[];
  /** Problems of the file and of the selected entries. */
  problems: InventoryProblem[];
  files: string[];
  notes: string[];
  /** ssh_config sources answer for ProxyJump hops that are not hosts of the fleet. */
  sshConfig: SshConfigRead | null;
}

export function expandHome(p: string, baseDir: string): string {
  if (p === "~" || p.startsWith("~/")) return path.join(os.homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

/**
 * Reads every inventory source of the fleet file. A file that cannot be read is a problem of the
 * source's field in the fleet file (`inventory[0].sshConfig`); mistakes inside a file are reported
 * at their own file and line, those of unselected hosts not at all (excluding a host is how an
 * operator sets aside what the dashboard cannot use).
 */
export function readInventorySources(
  sources: readonly InventorySource[],
  baseDir: string,
  defaultUser: string,
  at: (index: number, field: string) => { file: string; line: number | null; field: string },
): SourceRead[] {
  return sources.map((source, index) => {
    const kind = source.sshConfig !== undefined ? "sshConfig" : "ansible";
    const file = expandHome((source.sshConfig ?? source.ansible)!, baseDir);
    const out: SourceRead = { index, source, entries: [], problems: [], files: [file], notes: [], sshConfig: null };
    try {
      const read = kind === "sshConfig" ? readSshConfig(file, { defaultUser }) : readAnsibleInventory(file);
      if (kind === "sshConfig") out.sshConfig = read as SshConfigRead;
      out.files = read.files;
      out.notes = read.notes;
      out.problems.push(...read.problems);
      for (const e of read.entries) {
        if (!isSelected(e.name, source.include, source.exclude)) continue;
        out.entries.push({ ...e, tags: [...new Set([...e.tags, ...source.tags])] });
        out.problems.push(...e.problems);
      }
      if (out.entries.length === 0 && out.problems.length === 0) {
        out.problems.push({ ...at(index, "include"), message: `no host of ${file} matches include ${JSON.stringify(source.include)}${source.exclude.length ? ` and exclude ${JSON.stringify(source.exclude)}` : ""}` });
      }
    } catch (err) {
      out.problems.push({ ...at(index, kind), message: (err as Error).message });
    }
    return out;
  });
}
