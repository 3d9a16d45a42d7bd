package diskspec

import "strings"

// keywords are the disk-spec keys that take a value.
var keywords = []string{
	"format", "devtype", "access", "backend", "backendtype", "specification", "vdev", "script",
	"colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk", "colo-params", "target",
	"grant_usage",
}

// nearestKeyword returns the keyword closest to key, if one is within two
// edits (the first in the list among equals), and whether it is the only
// one at that distance.
func nearestKeyword(key string) (best string, unique bool) {
	bestDist := 3
	for _, k := range keywords {
		if len(key) > len(k)+2 || len(k) > len(key)+2 {
			continue // at least three edits apart
		}
		switch d := editDistance(key, k); {
		case d < bestDist:
			best, bestDist, unique = k, d, true
		case d == bestDist:
			unique = false
		}
	}
	return best, unique && best != ""
}

// suggestKeyword says what an unknown key=value was expected to be, naming
// best (from nearestKeyword) when there is one.
func suggestKeyword(best string) string {
	if best != "" {
		return "a known keyword: did you mean " + best + "=?"
	}
	return "a known keyword; see xl-disk-configuration(5)"
}

// editDistance is the Levenshtein distance of two short ASCII strings.
func editDistance(a, b string) int {
	if len(a) > 32 || len(b) > 32 {
		return 99
	}
	var prev, cur [33]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// looksLikeVdev reports whether s has the shape of a vdev name (xvdX, hdX,
// sdX, dN), the usual thing to find in the format slot by mistake.
func looksLikeVdev(s string) bool {
	for _, p := range []string{"xvd", "hd", "sd"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
			// Only plain names: the suggestion quotes s unescaped.
			return strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz0123456789") == ""
		}
	}
	return false
}

// Swallowed returns the first ",KEYWORD=" or ",FLAG" that a target=
// value holds (such as ",access=ro"), and its offset in the value, or ""
// and -1: target= takes the rest of the spec, so parameters written after
// it become part of the path.
func Swallowed(target string) (string, int) {
	for i := 0; i < len(target); i++ {
		if target[i] != ',' {
			continue
		}
		rest := strings.TrimLeft(target[i+1:], " \t\n")
		for _, k := range keywords {
			if strings.HasPrefix(rest, k+"=") {
				return "," + k + "=", i
			}
		}
		for _, f := range []string{"devtype=", "cdrom", "direct-io-safe", "discard", "no-discard", "colo", "trusted", "untrusted"} {
			if rest == f || strings.HasPrefix(rest, f+",") {
				return "," + f, i
			}
		}
	}
	return "", -1
}
