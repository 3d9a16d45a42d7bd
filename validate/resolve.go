package validate

import "github.com/xldisk/xldisk/diskspec"

// Resolve returns, for each disk whose backend choice succeeded, a copy of
// the parsed disk with Backend set to the chosen backend (as libxl sets it
// before it builds the device model's arguments), and the index in parsed
// of each one. results are Domain's results for parsed. The inputs are not
// modified.
func Resolve(parsed []*diskspec.Parsed, results []Result) (resolved []*diskspec.Parsed, index []int) {
	resolved = make([]*diskspec.Parsed, 0, len(parsed))
	index = make([]int, 0, len(parsed))
	for i, r := range results {
		if i >= len(parsed) || !r.Choice.OK() {
			continue
		}
		d := *parsed[i].Disk
		d.Backend = r.Choice.Backend
		p := *parsed[i]
		p.Disk = &d
		resolved = append(resolved, &p)
		index = append(index, i)
	}
	return resolved, index
}
