/**
 * Integration-project setupFile: puts the emulator endpoint, region and credentials that `emulator.ts`
 * provided into this worker's `process.env`, where the SDK (and code under test) reads them.
 */
import { inject } from "vitest";

for (const [name, value] of Object.entries(inject("awsEnv"))) process.env[name] = value;
