import { buildApp } from "./buildApp";

// `npx cdk synth` / `npx cdk deploy` run this (cdk.json "app"); configuration comes from cdk.json context or -c.
buildApp().app.synth();
