package diskspec

import (
	"fmt"
	"strconv"
	"strings"
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

// ColoParamsPart names the part of a colo-params value an error is about.
type ColoParamsPart string

// The parts of "host:port:exportname=NAME".
const (
	ColoPartHost       ColoParamsPart = "host"
	ColoPartPort       ColoParamsPart = "port"
	ColoPartExportname ColoParamsPart = "exportname="
	ColoPartName       ColoParamsPart = "name"
)

// ColoParamsError is a malformed colo-params value. Offset and Len are byte
// offsets inside the value (a zero Len points between two bytes).
type ColoParamsError struct {
	// Part is the part of the value that is wrong.
	Part ColoParamsPart
	// Offset and Len locate the offending bytes in the value.
	Offset int
	Len    int
	// Msg says what is wrong and what was expected.
	Msg string
}

// Error returns "colo-params: MSG (at byte N)".
func (e *ColoParamsError) Error() string {
	return fmt.Sprintf("colo-params: %s (at byte %d)", e.Msg, e.Offset)
}

// ParseColoParams splits a 2015 colo-params value the way that series'
// parse_colo_params does: the host runs up to the first ':' and must not be
// empty, the port up to the next ':' and must not be empty, then the
// literal "exportname=" and a non-empty export name that runs to the end
// (it may contain ':'). In addition to the 2015 checks, the port must be a
// decimal number 1..65535 (the 2015 code passed any text on to QEMU, and
// today's colo-port= is an integer). Each malformed part gives a distinct
// *ColoParamsError.
func ParseColoParams(s string) (ColoParams, error) {
	var p ColoParams
	i := strings.IndexByte(s, ':')
	switch {
	case i < 0 && s == "":
		return p, &ColoParamsError{ColoPartHost, 0, 0, "missing host (want host:port:exportname=NAME)"}
	case i < 0:
		return p, &ColoParamsError{ColoPartPort, len(s), 0, "missing ':' and port after host"}
	case i == 0:
		return p, &ColoParamsError{ColoPartHost, 0, 0, "empty host before ':'"}
	}
	p.Host = s[:i]
	rest := i + 1
	j := strings.IndexByte(s[rest:], ':')
	if j < 0 {
		if rest == len(s) {
			return p, &ColoParamsError{ColoPartPort, rest, 0, "missing port after host"}
		}
		return p, &ColoParamsError{ColoPartExportname, len(s), 0, "missing ':exportname=' after port"}
	}
	if j == 0 {
		return p, &ColoParamsError{ColoPartPort, rest, 0, "empty port between ':'s"}
	}
	p.PortText = s[rest : rest+j]
	port, err := parseColoPort(p.PortText)
	if err != nil {
		return p, &ColoParamsError{ColoPartPort, rest, j, err.Error()}
	}
	p.Port = port
	rest += j + 1
	const kw = "exportname="
	if !strings.HasPrefix(s[rest:], kw) {
		n := min(len(s)-rest, len(kw))
		return p, &ColoParamsError{ColoPartExportname, rest, n, "want 'exportname=' after port"}
	}
	rest += len(kw)
	if rest == len(s) {
		return p, &ColoParamsError{ColoPartName, rest, 0, "empty export name"}
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
