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
// third longer on one core. Once the rules are compiled the default comes
// back, so that long runs (urls over millions of lines, 10 MB inputs) keep
// a small heap.
const startupGCPercent = 400

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
	f := &cli.Factory{IO: iostreams.System(), ConfigDir: cfg, Network: true,
		Loaded: func() { debug.SetGCPercent(prev) }}
	return cli.Execute(ctx, f, cli.Version(version), args)
}
