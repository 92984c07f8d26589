package cli

import "fmt"

// Exit codes: a contract with scripts (see DESIGN.md and the README).
const (
	ExitSafe        = 0
	ExitSuspicious  = 1
	ExitScam        = 2
	ExitUsage       = 64
	ExitInput       = 65
	ExitUnavailable = 69
	ExitInternal    = 70
	ExitInterrupted = 130
)

// ExitError ends a command with an exit code and, when Err is set, a
// message on stderr.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageErr wraps err as a usage error (exit 64).
func usageErr(format string, a ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, a...)}
}
