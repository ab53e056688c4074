/**
 * Inventory sources and jump hosts, as an operator meets them: an ~/.ssh/config is added to the
 * running dashboard's fleet file, a host behind a bastion (a real sshd on 127.0.30.5:2953 that may
 * only forward to it) appears without a restart and its page names the jump path; a bad edit is
 * shown on the overview while the last good fleet keeps polling. The fleet file and known_hosts
 * are put back afterwards.
 */
import fs from "node:fs";
import path from "node:path";
import { startBastion, type SimBastion } from "../lib/sim/bastion";
import { expect, hostsOfKind, test } from "./fixtures";

const SHOTS = process.env.E2E_SHOTS_DIR;

let bastion: SimBastion;
let original: { fleet: string; knownHosts: string };

test.describe("hosts from an ssh_config, behind a bastion", () => {
  test.beforeAll(async ({ stack }) => {
    original = { fleet: fs.readFileSync(stack.fleet.fleetFile, "utf8"), knownHosts: fs.readFileSync(stack.fleet.knownHostsFile, "utf8") };
    const target = hostsOfKind(stack, "normal")[0]!;
    bastion = await startBastion({
      dir: path.join(path.dirname(stack.fleet.fleetFile), "bastion-e2e"),
      name: "bastion-e2e",
      address: "127.0.30.5",
      port: 2953,
      authorizedKeysFile: path.join(stack.fleet.dir, "authorized_keys"),
      permitOpen: [`${target.address}:${target.port}`],
    });
    fs.appendFileSync(stack.fleet.knownHostsFile, `${await bastion.knownHostsLine()}\n`);
  });

  test.afterAll(async ({ stack }) => {
    if (original) {
      fs.writeFileSync(stack.fleet.fleetFile, original.fleet);
      fs.writeFileSync(stack.fleet.knownHostsFile, original.knownHosts);
    }
    await bastion?.close();
  });

  test("a host added to the ssh_config appears without a restart, polled through the bastion; a mistake is shown, not applied", async ({ stack, page, overview }) => {
    test.setTimeout(90_000);
    const target = hostsOfKind(stack, "normal")[0]!;
    const sshConfig = path.join(path.dirname(stack.fleet.fleetFile), "ssh_config.e2e");
    const goodConfig = `Host bastion-e2e\n    HostName 127.0.30.5\n    Port 2953\n\nHost jumped-01\n    HostName ${target.address}\n    Port ${target.port}\n    ProxyJump bastion-e2e\n\nHost *\n    User root\n    IdentityFile ${stack.fleet.dir}/client_key\n`;
    fs.writeFileSync(sshConfig, goodConfig);
    fs.writeFileSync(stack.fleet.fleetFile, `${original.fleet}inventory:\n  - sshConfig: ${sshConfig}\n    include: ["jumped-*"]\n    tags: [via-bastion]\n`);

    await overview.open();
    await expect(overview.row("jumped-01")).toBeVisible({ timeout: 15_000 });
    await expect(overview.cell("jumped-01", "host-status")).toHaveText(/ok|warn|critical/, { timeout: 15_000 });

    await page.goto("/hosts/jumped-01");
    await expect(page.getByTestId("host-title")).toHaveText("jumped-01");
    await expect(page.getByTestId("host-jump-path")).toContainText("via");
    await expect(page.getByTestId("jump-hop")).toHaveText(["bastion-e2e(connected)"]);
    await expect(page.getByTestId("jump-hop")).toHaveAttribute("title", "root@127.0.30.5:2953 — connection connected");
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "host-jump-path.png"), fullPage: false });

    // A bad edit: refused with file, line and field; the host keeps being polled.
    fs.writeFileSync(sshConfig, goodConfig.replace(`    Port ${target.port}\n`, "    Port nope\n"));
    await overview.open();
    const banner = page.getByTestId("config-error");
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toContainText(`${sshConfig}:7: Host jumped-01: Port: not a port number: nope`);
    await expect(overview.row("jumped-01")).toBeVisible();
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "overview-config-error.png"), fullPage: false });

    // The bastion goes down: the host behind it says so.
    await bastion.stop();
    fs.writeFileSync(sshConfig, goodConfig);
    await expect(banner).toBeHidden({ timeout: 15_000 });
    await expect(overview.cell("jumped-01", "host-reason")).toHaveText("via bastion-e2e: connection refused", { timeout: 20_000 });
    await bastion.start();

    // Taken out of the fleet file again: gone from the overview, without a restart.
    fs.writeFileSync(stack.fleet.fleetFile, original.fleet);
    await expect(overview.row("jumped-01")).toBeHidden({ timeout: 15_000 });
  });
});
