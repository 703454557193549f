# Reference outputs of the Philox4x64-10 generator used by cxgap's bootstrap
# (include/cxgap/stats/detail/philox.hpp), from numpy.random.Philox (numpy's implementation of
# Salmon et al. 2011). numpy increments the 256-bit counter before each block, so the first block
# of Philox(counter=c, key=k) is philox4x64_10(c + 1, k).
# Run from the repository root:  /usr/bin/python3 tests/reference/bootstrap_philox.py
# Writes tests/reference/fixtures/bootstrap_philox.txt.
import numpy as np

cases = {
    "zero":       ([0, 0, 0, 0], [0, 0]),
    "seed_item":  ([6, 0, 0, 0], [20240601, 17]),
    "high_bits":  ([0xfffffffffffffffe, 3, 5, 7], [0xdeadbeefcafebabe, 0x0123456789abcdef]),
    "resample":   ([9998, 2, 0, 0], [42, 3]),
}

out = [
    "# cxgap reference values: Philox4x64-10 output blocks.",
    f"# Tool: numpy {np.__version__} numpy.random.Philox.",
    "# Script: tests/reference/bootstrap_philox.py (/usr/bin/python3 tests/reference/bootstrap_philox.py).",
    "# counter and key are the generator input (hex words); block = the 4 output words (hex).",
    "# numpy.random.Philox(counter=c - 1, key=k).random_raw(4) gives the block for counter c.",
    "",
]
for name, (ctr, key) in cases.items():
    # the counter before c: subtract one with borrow over the 256-bit little-endian counter
    value = sum(w << (64 * i) for i, w in enumerate(ctr)) - 1
    before = [(value >> (64 * i)) & ((1 << 64) - 1) for i in range(4)]
    bg = np.random.Philox(counter=np.array(before, dtype=np.uint64), key=np.array(key, dtype=np.uint64))
    block = bg.random_raw(4)
    out += [f"[{name}]",
            f"call = numpy.random.Philox(counter={[hex(w) for w in before]}, key={[hex(w) for w in key]}).random_raw(4)",
            "counter = " + " ".join(f"{w:016x}" for w in ctr),
            "key = " + " ".join(f"{w:016x}" for w in key),
            "block = " + " ".join(f"{int(w):016x}" for w in block),
            ""]
open("tests/reference/fixtures/bootstrap_philox.txt", "w").write("\n".join(out))
