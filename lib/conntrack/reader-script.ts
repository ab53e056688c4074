/**
 * The persistent reader: one shell per host, started once over the existing SSH connection, that
 * answers each poll request from shell builtins only (`read`, `printf`, `[`): no fork, no exec. A
 * poll then costs the host a few system calls instead of a session, a shell and a `head` process,
 * and it keeps working on a host that cannot fork any more (the state a flood puts a host in).
 *
 * The script is a fixed string: nothing from the fleet file, a host name or a user reaches it. The
 * only input it ever gets is a request line `<letter> <sequence number>`, and the sequence number is
 * only echoed back (printf %s), never evaluated.
 *
 * Replies use the framing of the exec-per-poll command (`==> path <==` sections, `==> @end <==`
 * last) so one parser reads both; `==> @seq N <==` opens each reply so a late answer can never be
 * taken for the current one. The reader greets with `==> @reader 1 <pid> <==`: the pid lets the
 * dashboard kill it on hosts whose sshd ignores the SSH "signal" request (OpenSSH before 7.9).
 */
import { asRoot, CONNTRACK_S_SECTION, END_MARKER, HOST_PATHS, IP_PATHS, MAX_LINES, NF_PATHS } from "./collect-command";

export const READER_VERSION = 1;

/** Request letters. `n`/`s` add `conntrack -S` (one fork) for kernels without procfs stats. */
export const READER_REQUESTS = {
  files: "p",
  filesAndNetlink: "n",
  filesAndNetlinkSudo: "s",
  quit: "q",
} as const;

/** Files read whole, and how many lines of each (MemTotal is the first line of /proc/meminfo). */
const FILES: readonly [string, number][] = [
  ...Object.values(NF_PATHS).map((p): [string, number] => [p, MAX_LINES]),
  ...Object.values(IP_PATHS).map((p): [string, number] => [p, MAX_LINES]),
  [HOST_PATHS.osrelease, 1],
  [HOST_PATHS.uptime, 1],
  [HOST_PATHS.meminfo, 1],
  [HOST_PATHS.cpusOnline, 1],
];

const SAFE = /^[A-Za-z0-9_/.@-]+$/;
for (const [p] of FILES) if (!SAFE.test(p)) throw new Error(`reader path ${p} needs quoting`);

/**
 * bash (see READER_COMMAND for why not sh). `f path max` prints at most `max` lines of one file
 * framed like `head -v`; `[ -r ]` first so an unreadable or absent file is simply not in the reply
 * (as with head). bash 4+ reads it with `mapfile` (block reads, one printf: a handful of system
 * calls per file); bash 3 (CentOS 5) with a `read` loop, a last line without a newline included.
 * A redirection failure (a file that vanished between the test and the open) is not fatal for a
 * compound command in sh: the reply just lacks that file.
 */
function script(): string {
  const files = FILES.map(([p, n]) => `f ${p} ${n}`).join("; ");
  const seq = `R="==> @seq $s <==$NL"`;
  // conntrack -S is a process anyway: flush what was read, then let it write its own lines.
  const netlink = (sudo: boolean) =>
    `printf "%s" "$R"; R=; printf "==> %s <==\\n" ${CONNTRACK_S_SECTION}; ${asRoot(sudo)}conntrack -S </dev/null 2>/dev/null`;
  return [
    // The reply is built in R and written at once: one write per poll, so sshd wakes once and sends
    // one packet instead of one per file. bash 4+ reads each file with mapfile (block reads, one
    // builtin); bash 3 (CentOS 5) with a read loop. "\${L[*]}" with IFS a newline (NL) joins lines.
    `printf -v NL "\\n"; if [ "\${BASH_VERSINFO[0]:-0}" -ge 4 ]; then f() { [ -r "$1" ] || return 0; local -a L; mapfile -t -n "$2" L < "$1"; R+="==> $1 <==$NL"; [ \${#L[@]} -eq 0 ] || { local IFS="$NL"; R+="\${L[*]}$NL"; }; }; ` +
      `else f() { [ -r "$1" ] || return 0; R+="==> $1 <==$NL"; i=0; while [ "$i" -lt "$2" ] && { IFS= read -r l || [ -n "$l" ]; }; do R+="$l$NL"; l=; i=$((i+1)); done < "$1"; }; fi`,
    `printf "==> @reader ${READER_VERSION} %s <==\\n${END_MARKER}\\n" "$$"`,
    `while IFS=" " read -r q s; do R=; case "$q" in` +
      ` ${READER_REQUESTS.files}) ${seq}; ${files};;` +
      ` ${READER_REQUESTS.filesAndNetlink}) ${seq}; ${files}; ${netlink(false)};;` +
      ` ${READER_REQUESTS.filesAndNetlinkSudo}) ${seq}; ${files}; ${netlink(true)};;` +
      ` ${READER_REQUESTS.quit}) exit 0;;` +
      ` *) R="==> @error <==$NL";;` +
      ` esac; printf "%s${END_MARKER}\\n" "$R"; done`,
  ].join("; ");
}

export const READER_SCRIPT = script();

if (READER_SCRIPT.includes("'")) throw new Error("the reader script must not contain a single quote");

/**
 * The exec command that starts the reader: bash only. dash and busybox ash read one byte per system
 * call, and a /proc/sys file answers a read at a non-zero offset with end-of-file, so in those shells
 * `read` gets "2" out of "262144" (seen with dash on Debian: every multi-digit sysctl truncated). bash
 * reads a seekable file in blocks and seeks back, so it gets whole lines. Where there is no bash the
 * command says so and exits: the host is polled with the exec-per-poll command (`head`), which reads
 * files correctly, and its page says why. `exec` replaces the login shell, so the reader is the
 * session's only process and a signal to the session reaches it. Valid in any Bourne-family login
 * shell; csh/fish or a restricted shell refuse it, which also means exec-per-poll.
 *
 * `--norc` and an empty BASH_ENV: a bash started under sshd sources ~/.bashrc even with `-c` where it
 * is built with SSH_SOURCE_BASHRC (Debian's and Ubuntu's are; `exec` puts SHLVL back, so the new bash
 * looks like the session's first). The login shell has done so already; without these the reader
 * would source it a second time — a Red Hat-style .bashrc runs /etc/bashrc and through it every
 * /etc/profile.d script, forks included — and run with whatever functions, aliases and options it sets.
 */
export const READER_COMMAND =
  `S='${READER_SCRIPT}'; if [ -x /bin/bash ]; then BASH_ENV= ENV= exec /bin/bash --norc --noprofile -c "$S" conntrack-reader; fi; ` +
  `echo "no /bin/bash (the reader needs bash: sh reads /proc/sys files one byte at a time)" >&2; exit 3`;

const HELLO = /^==> @reader (\d+) (\d+) <==$/;

/** The greeting frame → the reader's pid on the host, or null when it is not our reader's greeting. */
export function parseHello(frame: string): { version: number; pid: number } | null {
  const m = HELLO.exec(frame.trim());
  if (!m?.[1] || !m[2]) return null;
  const pid = Number(m[2]);
  if (!Number.isSafeInteger(pid) || pid < 2) return null;
  return { version: Number(m[1]), pid };
}

/** A request line for sequence number `seq` (an integer the dashboard counts, nothing else). */
export function requestLine(letter: (typeof READER_REQUESTS)[keyof typeof READER_REQUESTS], seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`bad reader sequence number ${seq}`);
  return `${letter} ${seq}\n`;
}

/**
 * Kills a reader that stopped answering, for sshd versions that ignore the "signal" request. `kill`
 * is a shell builtin: this costs the host its login shell and nothing else. The pid is the integer
 * the reader itself reported. (Children of the reader — `conntrack -S` — get their stdin from
 * /dev/null, so nothing but the reader ever consumes the request stream.)
 */
export function killCommand(pid: number): string {
  if (!Number.isSafeInteger(pid) || pid < 2) throw new Error(`bad reader pid ${pid}`);
  // The reader runs as the login user (sudo or not): killing it needs no more rights than that.
  return `kill -9 ${pid} 2>/dev/null; exit 0`;
}
