import { describe, expect, it } from "vitest";
import { describeHostError, hostKeyStory } from "./host-key-format";

// As /api/hosts sends a changed key of the simulated fleet's reinstalled host.
const changed = {
  code: "hostkey",
  message:
    "HOST KEY CHANGED: offered ssh-ed25519 SHA256:8pWgYmqpbxbZUOwTuy41P0EcXAqXy4ZWkcTC0BkPvwU; known_hosts expects ssh-ed25519 SHA256:Xo6xt4Yb0k5xdgVPp6+aFSO4r8FO0Tn2PVSiVqYTMhk (line 17 of /srv/fleet/known_hosts)",
  fingerprint: "SHA256:8pWgYmqpbxbZUOwTuy41P0EcXAqXy4ZWkcTC0BkPvwU",
  expected: [{ type: "ssh-ed25519", fingerprint: "SHA256:Xo6xt4Yb0k5xdgVPp6+aFSO4r8FO0Tn2PVSiVqYTMhk", file: "/srv/fleet/known_hosts", line: 17 }],
  removeCommands: ["ssh-keygen -R '[127.0.9.4]:2322' -f /srv/fleet/known_hosts"],
};

describe("hostKeyStory / describeHostError", () => {
  it("a changed key: expected with file and line, offered, the command", () => {
    expect(hostKeyStory(changed)).toEqual({
      expected: ["expected SHA256:Xo6xt4Yb0k5xdgVPp6+aFSO4r8FO0Tn2PVSiVqYTMhk (known_hosts line 17 of /srv/fleet/known_hosts)"],
      offered: "offered SHA256:8pWgYmqpbxbZUOwTuy41P0EcXAqXy4ZWkcTC0BkPvwU",
      removeCommands: ["ssh-keygen -R '[127.0.9.4]:2322' -f /srv/fleet/known_hosts"],
    });
    expect(describeHostError(changed)).toBe(
      [
        "hostkey: the host key changed",
        "expected SHA256:Xo6xt4Yb0k5xdgVPp6+aFSO4r8FO0Tn2PVSiVqYTMhk (known_hosts line 17 of /srv/fleet/known_hosts)",
        "offered SHA256:8pWgYmqpbxbZUOwTuy41P0EcXAqXy4ZWkcTC0BkPvwU",
        "if the host was reinstalled and its new key checked: ssh-keygen -R '[127.0.9.4]:2322' -f /srv/fleet/known_hosts",
      ].join("\n"),
    );
  });

  it("an unknown key: the offered fingerprint only", () => {
    const unknown = { code: "hostkey", message: "unknown host key ssh-ed25519 SHA256:abc (not in known_hosts)", fingerprint: "SHA256:abc" };
    expect(hostKeyStory(unknown)).toEqual({ expected: [], offered: "offered SHA256:abc", removeCommands: [] });
    expect(describeHostError(unknown)).toBe("hostkey: unknown host key ssh-ed25519 SHA256:abc (not in known_hosts)\noffered SHA256:abc");
  });

  it("other failures: code and message, as before", () => {
    expect(hostKeyStory({ code: "auth", message: "authentication failed" })).toBeNull();
    expect(describeHostError({ code: "auth", message: "authentication failed" })).toBe("auth: authentication failed");
    expect(describeHostError(null)).toBeUndefined();
  });
});
