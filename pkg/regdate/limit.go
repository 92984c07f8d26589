package regdate

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limiter remembers, per server, until when it asked us to stay away (429
// Retry-After, a WHOIS rate-limit text). It is safe for concurrent use.
type limiter struct {
	now   func() time.Time
	mu    sync.Mutex
	until map[string]time.Time
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, until: map[string]time.Time{}}
}

// defaultBackoff is how long a server that rate-limits without saying for
// how long is left alone.
const defaultBackoff = 30 * time.Second

// maxBackoff caps a Retry-After.
const maxBackoff = 10 * time.Minute

// block leaves server alone for d.
func (l *limiter) block(server string, d time.Duration) {
	d = min(max(d, time.Second), maxBackoff)
	l.mu.Lock()
	if t := l.now().Add(d); t.After(l.until[server]) {
		l.until[server] = t
	}
	l.mu.Unlock()
}

// wait returns when server may be asked again. When that is beyond ctx's
// deadline it returns at once with an error that says so.
func (l *limiter) wait(ctx context.Context, server string) error {
	l.mu.Lock()
	until := l.until[server]
	l.mu.Unlock()
	d := until.Sub(l.now())
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return fmt.Errorf("%s is rate limiting (retry in %s)", server, d.Round(time.Second))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return defaultBackoff
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := time.Parse(time.RFC1123, v); err == nil {
		return t.Sub(now)
	}
	return defaultBackoff
}
