// The AWS SDK warns on every start that its 2027 releases need Node 22. The Lambda functions run on
// nodejs22.x and local use on Node 20 is supported, so operators' terminals stay quiet about it
// (the SDK's own switch; an operator can still set it to "false").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
