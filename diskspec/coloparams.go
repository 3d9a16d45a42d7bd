package diskspec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// ColoParams is a parsed 2015-series colo-params value
// "host:port:exportname=NAME".
type ColoParams struct {
	// Host is the secondary's address, up to the first ':'.
	Host string
	// PortText is the port exactly as written; Port its value.
	PortText string
	Port     int
	// Export is the NBD export name after "exportname=".
	Export string
}

// String formats the value as host:port:exportname=NAME.
func (p ColoParams) String() string {
	return p.Host + ":" + strconv.Itoa(p.Port) + ":exportname=" + p.Export
}

// coloErr is a malformed part of a colo-params value: off and n locate it
// inside the value (n 0 points between two bytes).
type coloErr struct {
	off, n int
	msg    string
}

// ParseColoParams splits a 2015 colo-params value the way that series'
// parse_colo_params does: the host runs up to the first ':' and must not be
// empty, the port up to the next ':' and must not be empty, then the
// literal "exportname=" and a non-empty export name that runs to the end
// (it may contain ':'). In addition to the 2015 checks, the port must be a
// decimal number 1..65535 (the 2015 code passed any text on to QEMU, and
// today's colo-port= is an integer). Each malformed part gives a distinct
// error: a diag.Diagnostic of RuleColoParams whose span locates the part
// inside s (fragment 0).
func ParseColoParams(s string) (ColoParams, error) {
	p, bad := parseColoParams(s)
	if bad != nil {
		return p, diag.New(RuleColoParams, diag.InSpec(-1, diag.Span{Offset: bad.off, Len: bad.n}), "colo-params: %s", bad.msg).
			Suggest("expected host:port:exportname=NAME")
	}
	return p, nil
}

func parseColoParams(s string) (ColoParams, *coloErr) {
	var p ColoParams
	i := strings.IndexByte(s, ':')
	switch {
	case i < 0 && s == "":
		return p, &coloErr{0, 0, "missing host (want host:port:exportname=NAME)"}
	case i < 0:
		return p, &coloErr{len(s), 0, "missing ':' and port after host"}
	case i == 0:
		return p, &coloErr{0, 0, "empty host before ':'"}
	}
	p.Host = s[:i]
	rest := i + 1
	j := strings.IndexByte(s[rest:], ':')
	if j < 0 {
		if rest == len(s) {
			return p, &coloErr{rest, 0, "missing port after host"}
		}
		return p, &coloErr{len(s), 0, "missing ':exportname=' after port"}
	}
	if j == 0 {
		return p, &coloErr{rest, 0, "empty port between ':'s"}
	}
	p.PortText = s[rest : rest+j]
	port, err := parseColoPort(p.PortText)
	if err != nil {
		return p, &coloErr{rest, j, err.Error()}
	}
	p.Port = port
	rest += j + 1
	const kw = "exportname="
	if !strings.HasPrefix(s[rest:], kw) {
		n := min(len(s)-rest, len(kw))
		return p, &coloErr{rest, n, "want 'exportname=' after port"}
	}
	rest += len(kw)
	if rest == len(s) {
		return p, &coloErr{rest, 0, "empty export name"}
	}
	p.Export = s[rest:]
	return p, nil
}

func parseColoPort(t string) (int, error) {
	if t == "" || strings.Trim(t, "0123456789") != "" {
		return 0, fmt.Errorf("port %q is not a decimal number", t)
	}
	if len(t) > 5 {
		return 0, fmt.Errorf("port %s out of range 1..65535", t)
	}
	n, _ := strconv.Atoi(t)
	if n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %s out of range 1..65535", t)
	}
	return n, nil
}
