package regdate

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PerServer caps the queries in flight to one server at once: an RDAP
// server (its host and port) or a WHOIS server (HOST:PORT). With --jobs 64
// and every domain under one TLD, the registry still sees at most PerServer
// parallel queries; lookups for other servers are not held up.
const PerServer = 4

// limiter remembers, per server, until when it asked us to stay away (429
// Retry-After, a WHOIS rate-limit text), and holds the PerServer query
// slots of each server. It is safe for concurrent use.
type limiter struct {
	now   func() time.Time
	mu    sync.Mutex
	until map[string]time.Time
	slots map[string]chan struct{}
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, until: map[string]time.Time{}, slots: map[string]chan struct{}{}}
}

// acquire takes one of server's PerServer query slots, waiting while all
// are taken; release gives it back. When ctx ends first it returns an error
// that says so.
func (l *limiter) acquire(ctx context.Context, server string) (release func(), err error) {
	l.mu.Lock()
	s, ok := l.slots[server]
	if !ok {
		s = make(chan struct{}, PerServer)
		l.slots[server] = s
	}
	l.mu.Unlock()
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	default:
	}
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s timed out (waiting behind %d queries in flight)", server, PerServer)
		}
		return nil, ctx.Err()
	}
}

// blocked reports whether server asked to be left alone for now.
func (l *limiter) blocked(server string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.until[server].After(l.now())
}

// take waits out server's back-off (kept under backoffKey) and then takes
// one of its query slots (kept under slotKey). A back-off that starts while
// waiting for the slot is honoured too: the slot is given back meanwhile.
func (l *limiter) take(ctx context.Context, backoffKey, slotKey string) (release func(), err error) {
	for {
		if err := l.wait(ctx, backoffKey); err != nil {
			return nil, err
		}
		release, err := l.acquire(ctx, slotKey)
		if err != nil {
			return nil, err
		}
		if !l.blocked(backoffKey) {
			return release, nil
		}
		release()
	}
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
