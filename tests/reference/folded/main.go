// Command folded is the test reference for Hotpath's folded stacks: it reads profiles with
// google/pprof's own parser, merges them as go tool pprof does (profile.Merge), and prints, for
// every sample type, the stacks in Hotpath's folded contract (frame = function name of each line
// of each location, caller first; "0x<hex address>" where a location has no line or the function
// name is empty; values summed per distinct stack; zero sums left out). Records are unsorted: the
// tests sort them. Each sample type starts with a line "@@ <index> <type>/<unit>"; each stack is
// "<byte length>:<folded line>\n", length-prefixed because real function names can contain
// newlines and NUL bytes.
//
// Usage: folded FILE...
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/google/pprof/profile"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: folded FILE...")
		os.Exit(2)
	}
	var profiles []*profile.Profile
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		p, err := profile.Parse(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		profiles = append(profiles, p)
	}
	merged, err := profile.Merge(profiles)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i, st := range merged.SampleType {
		fmt.Fprintf(out, "@@ %d %s/%s\n", i, st.Type, st.Unit)
		sums := map[string]int64{}
		var order []string
		for _, s := range merged.Sample {
			v := s.Value[i]
			if v == 0 {
				continue
			}
			key := stackOf(s)
			if _, ok := sums[key]; !ok {
				order = append(order, key)
			}
			sums[key] += v
		}
		for _, key := range order {
			if sums[key] != 0 {
				line := fmt.Sprintf("%s %d", key, sums[key])
				fmt.Fprintf(out, "%d:%s\n", len(line), line)
			}
		}
	}
}

func stackOf(s *profile.Sample) string {
	var frames []string
	for i := len(s.Location) - 1; i >= 0; i-- {
		loc := s.Location[i]
		address := fmt.Sprintf("0x%x", loc.Address)
		if len(loc.Line) == 0 {
			frames = append(frames, address)
			continue
		}
		for j := len(loc.Line) - 1; j >= 0; j-- {
			fn := loc.Line[j].Function
			if fn == nil || fn.Name == "" {
				frames = append(frames, address)
			} else {
				frames = append(frames, fn.Name)
			}
		}
	}
	return strings.Join(frames, ";")
}
