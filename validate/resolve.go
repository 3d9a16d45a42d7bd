package validate

import "github.com/xldisk/xldisk/diskspec"

// Resolve returns, for each disk libxl would add to the domain, a copy of
// the parsed disk with Backend set to the chosen backend (as libxl sets it
// before it builds the device model's arguments), and the index in parsed
// of each one. results are Domain's results for parsed. The inputs are not
// modified.
//
// A disk whose backend choice failed, or whose vdev does not decode, is
// left out: libxl refuses it ("Invalid or unsupported virtual disk
// identifier") and Domain has already reported it as an error, so the
// device model never sees it and a second finding about QEMU would only
// repeat the first.
func Resolve(parsed []*diskspec.Parsed, results []Result) (resolved []*diskspec.Parsed, index []int) {
	resolved = make([]*diskspec.Parsed, 0, len(parsed))
	index = make([]int, 0, len(parsed))
	for i, r := range results {
		if i >= len(parsed) || !r.Choice.OK() || r.VdevErr != nil {
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
