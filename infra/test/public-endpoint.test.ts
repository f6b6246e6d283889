// Which URLs a production stage may talk to: public hosts over HTTPS. Every way to write a local or private
// address that URL parsing accepts (decimal and hex IPv4, IPv4-mapped IPv6, trailing dots, upper case).
import { describe, expect, it } from "vitest";
import { endpointProblem } from "../public-endpoint.ts";

const HTTPS = { https: true };

describe("endpointProblem", () => {
  it.each([
    ["http://localhost:3001", "points at a local-only host name"],
    ["https://LOCALHOST./x", "points at a local-only host name"],
    ["https://sandbox.localhost", "points at a local-only host name"],
    ["https://api.local", "points at a local-only host name"],
    ["https://salesmania.internal", "points at a local-only host name"],
    ["https://router.home.arpa", "points at a local-only host name"],
    ["https://sandbox:3001", "points at a single-label host name (a LAN or Docker name, not a public one)"],
    ["https://127.0.0.1", "points at a loopback, private or link-local address"],
    ["https://2130706433", "points at a loopback, private or link-local address"],
    ["https://0x7f.1", "points at a loopback, private or link-local address"],
    ["https://0.0.0.0", "points at a loopback, private or link-local address"],
    ["https://10.1.2.3", "points at a loopback, private or link-local address"],
    ["https://172.20.0.5", "points at a loopback, private or link-local address"],
    ["https://192.168.1.10", "points at a loopback, private or link-local address"],
    ["https://169.254.169.254/latest/meta-data", "points at a loopback, private or link-local address"],
    ["https://100.64.1.1", "points at a loopback, private or link-local address"],
    ["https://[::1]:8443", "points at a loopback, private or link-local address"],
    ["https://[::]", "points at a loopback, private or link-local address"],
    ["https://[::ffff:127.0.0.1]", "points at a loopback, private or link-local address"],
    ["https://[::ffff:10.0.0.1]", "points at a loopback, private or link-local address"],
    ["https://[fe80::1]", "points at a loopback, private or link-local address"],
    ["https://[fd12:3456::1]", "points at a loopback, private or link-local address"],
    ["http://api.salesmania.id", "is HTTP, expected HTTPS"],
    ["ftp://api.salesmania.id", "is FTP, expected HTTPS"],
  ])("refuses %s", (url, problem) => {
    expect(endpointProblem(url, HTTPS)).toBe(`${url} ${problem}`);
  });

  it("refuses text that is not a URL", () => {
    expect(endpointProblem("api.salesmania.id", HTTPS)).toBe('"api.salesmania.id" is not a URL');
  });

  it.each([
    "https://api.salesmania.id",
    "https://api.salesmania.id:8443/v1",
    "https://8.8.8.8",
    "https://172.32.0.1",
    "https://100.128.0.1",
    "https://[2001:4860:4860::8888]",
  ])("accepts %s", (url) => {
    expect(endpointProblem(url, HTTPS)).toBeUndefined();
  });

  it("leaves the scheme alone where HTTPS is not required, never the host", () => {
    expect(endpointProblem("http://shop.example.com/thanks", { https: false })).toBeUndefined();
    expect(endpointProblem("http://localhost:8080/thanks", { https: false })).toBe(
      "http://localhost:8080/thanks points at a local-only host name",
    );
  });
});
