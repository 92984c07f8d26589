// Package iostreams holds the standard streams of a command and what is
// known about them (terminal or not, color or not). Nothing else in
// scamcheck asks whether a stream is a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams are the streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool
	noColorEnv                     bool
}

// System returns the process's streams.
func System() *IOStreams {
	_, noColor := os.LookupEnv("NO_COLOR")
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		stdinTTY:   isTTY(os.Stdin),
		stdoutTTY:  isTTY(os.Stdout),
		stderrTTY:  isTTY(os.Stderr),
		noColorEnv: noColor && os.Getenv("NO_COLOR") != "",
	}
}

func isTTY(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// Test returns streams backed by buffers: stdin reads in, stdout and stderr
// are written to out and errOut. No stream is a terminal.
func Test(in string) (ios *IOStreams, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: bytes.NewBufferString(in), Out: out, ErrOut: errOut}, out, errOut
}

// SetTTY says which streams act as terminals (for tests).
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// ColorEnabled reports whether output to stdout may use color: stdout is a
// terminal, NO_COLOR is not set (https://no-color.org) and the user did not
// pass --no-color (noColorFlag).
func (s *IOStreams) ColorEnabled(noColorFlag bool) bool {
	return s.stdoutTTY && !s.noColorEnv && !noColorFlag
}
