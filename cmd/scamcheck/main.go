// Command scamcheck tells whether a message, an email or a link is a scam,
// and why. See the README for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/scamcheck/scamcheck/pkg/cli"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
)

// version is set at link time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// startupGCPercent is the garbage collector's target while the rules are
// loaded. Start-up (loading and indexing the built-in rules) makes some
// 15 MB of short-lived allocations while the live heap is a few megabytes;
// with the default of 100 that runs several collections and takes about a
// third longer on one core. Once the rules are compiled the target drops
// to runGCPercent (unless GOGC sets one), so that long runs (urls over
// millions of lines, a mailbox of thousands of messages) keep a small,
// flat heap.
const startupGCPercent = 400

// runGCPercent is the collector's target after start-up. The live heap is
// small (the compiled rules, one message or one window of lines), so the
// default of 100 collects every few megabytes of allocation; 200 spends
// about a tenth less time on a mailbox for some 15 MB more resident memory.
const runGCPercent = 200

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes scamcheck and returns its exit code.
func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := os.UserConfigDir()
	if err == nil {
		cfg = filepath.Join(cfg, "scamcheck")
	} else {
		cfg = ""
	}
	prev := debug.SetGCPercent(startupGCPercent)
	after := runGCPercent
	if os.Getenv("GOGC") != "" {
		after = prev
	}
	f := &cli.Factory{IO: iostreams.System(), ConfigDir: cfg, Network: true,
		Loaded: func() { debug.SetGCPercent(after) }}
	return cli.Execute(ctx, f, cli.Version(version), args)
}
