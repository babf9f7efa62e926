import { describe, expect, it } from "vitest";
import { isLocalEndpoint, localEmulatorDefaults } from "../../cli/localEndpoint";
import { syncHere } from "../../cli/syncPolicyHere";

describe("isLocalEndpoint", () => {
  it.each([
    ["http://127.0.0.1:5000", true],
    ["http://127.4.5.6:4566", true],
    ["http://localhost:4566", true],
    ["http://[::1]:5000", true],
    [undefined, false],
    ["", false],
    ["https://dynamodb.us-east-1.amazonaws.com", false],
    ["http://10.0.0.5:5000", false],
    ["http://127.0.0.1.example.com", false],
    ["not a url", false],
  ])("%s -> %s", (endpoint, local) => {
    expect(isLocalEndpoint(endpoint)).toBe(local);
  });
});

describe("localEmulatorDefaults", () => {
  it.each([
    {
      name: "a loopback emulator with nothing else set gets dummy credentials and us-east-1",
      env: { AWS_ENDPOINT_URL: "http://127.0.0.1:5000" },
      added: { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" },
    },
    {
      name: "the operator's own region and profile are kept",
      env: { AWS_ENDPOINT_URL: "http://localhost:4566", AWS_REGION: "eu-west-1", AWS_PROFILE: "localstack" },
      added: {},
    },
    {
      name: "AWS (no endpoint) gets nothing but AWS_DEFAULT_REGION as AWS_REGION: the standard chain applies",
      env: { AWS_DEFAULT_REGION: "us-west-2" },
      added: { AWS_REGION: "us-west-2" },
    },
    {
      name: "a remote endpoint is treated as AWS: no dummy credentials",
      env: { AWS_ENDPOINT_URL: "https://vpce-1.dynamodb.us-east-1.vpce.amazonaws.com" },
      added: {},
    },
  ])("$name", ({ env, added }) => {
    expect(localEmulatorDefaults(env)).toEqual(added);
  });
});

describe("syncHere: when policy put runs policy-sync itself", () => {
  it.each([
    { flag: undefined, endpoint: "http://127.0.0.1:5000", here: true },
    { flag: undefined, endpoint: undefined, here: false },
    { flag: undefined, endpoint: "https://dynamodb.eu-west-1.amazonaws.com", here: false },
    { flag: false, endpoint: "http://127.0.0.1:5000", here: false },
    { flag: true, endpoint: undefined, here: true },
  ])("--sync $flag with AWS_ENDPOINT_URL $endpoint -> $here", ({ flag, endpoint, here }) => {
    expect(syncHere(flag, { AWS_ENDPOINT_URL: endpoint })).toBe(here);
  });
});
