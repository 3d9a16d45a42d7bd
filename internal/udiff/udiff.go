// Package udiff writes unified diffs of two versions of a text file, as
// "xldisk fmt -d" and "xldisk lint --fix -d" print them.
package udiff

import (
	"fmt"
	"strings"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// Unified returns a unified diff between two versions a and b of the file
// named path, with Context lines of context, or "" when they are equal.
// Lines are compared one for one when both versions have the same number
// of lines (every change of xldisk's rewrites replaces text inside lines);
// otherwise the diff is one hunk that replaces the whole file.
func Unified(path string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	al := strings.SplitAfter(string(a), "\n")
	bl := strings.SplitAfter(string(b), "\n")
	if len(al) != len(bl) {
		return fmt.Sprintf("--- %s\n+++ %s\n@@ -1,%d +1,%d @@\n%s%s", path, path, count(al), count(bl),
			prefixLines("-", al), prefixLines("+", bl))
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", path, path)
	n := len(al)
	for i := 0; i < n; {
		if al[i] == bl[i] {
			i++
			continue
		}
		start := max(0, i-Context)
		end := i
		for j := i; j < n; j++ {
			if al[j] != bl[j] {
				end = j
			} else if j-end > 2*Context {
				break
			}
		}
		stop := min(n, end+Context+1)
		// Drop the empty string after a final newline from the count.
		lines := stop - start
		if stop == n && al[n-1] == "" {
			lines--
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", start+1, lines, start+1, lines)
		for j := start; j < stop; {
			if al[j] == bl[j] {
				if al[j] != "" {
					out.WriteString(" " + withNL(al[j]))
				}
				j++
				continue
			}
			k := j
			for k < stop && al[k] != bl[k] {
				k++
			}
			for m := j; m < k; m++ {
				out.WriteString("-" + withNL(al[m]))
			}
			for m := j; m < k; m++ {
				out.WriteString("+" + withNL(bl[m]))
			}
			j = k
		}
		i = stop
	}
	return out.String()
}

// count is the number of lines in a SplitAfter result (a final "" after
// a trailing newline is no line).
func count(ls []string) int {
	if len(ls) > 0 && ls[len(ls)-1] == "" {
		return len(ls) - 1
	}
	return len(ls)
}

func withNL(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n\\ No newline at end of file\n"
}

func prefixLines(p string, ls []string) string {
	var b strings.Builder
	for _, l := range ls {
		if l != "" {
			b.WriteString(p + withNL(l))
		}
	}
	return b.String()
}
