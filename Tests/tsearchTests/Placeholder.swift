// The command-line tests live here once the subcommands exist; this file keeps the target
// buildable until then.
