# Big-endian (MSF) Stata fixtures from a second independent writer, pandas 1.5.3 (Debian python3-pandas), covering
# the storage types haven does not write (byte, int, float) and categorical value labels.
# Run with Debian's python: /usr/bin/python3 generate_pandas.py  (writes pandas_msf_v*.dta and their *_expected.csv)
import numpy as np
import pandas as pd

n = 10
frame = pd.DataFrame({
    "i8": np.array([1, -5, 100, 0, 7, -100, 3, 2, 1, 0], dtype=np.int8),
    "i16": np.array([300, -300, 32740, -32767, 0, 1, 2, 3, 4, 5], dtype=np.int16),
    "i32": np.array([70000, -70000, 2147483620, -2147483647, 0, 1, 2, 3, 4, 5], dtype=np.int32),
    "f32": np.array([0.5, -1.25, np.nan, 3.0e10, 1e-3, 2, 3, 4, 5, 6], dtype=np.float32),
    "f64": np.array([0.1, np.nan, -2.5, 1e300, -1e-300, 2, 3, 4, 5, 6], dtype=np.float64),
    "name": ["Ann", "Bob", "", "Dörte", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon"],
    "school": pd.Categorical(["North", "South", None, "North", "East", "East", "South", "North", "East", "South"]),
    "essay": ["x" * 300, "short", "", "a", "b", "c", "d", "e", "f", "end"],
})
for version in (114, 117, 118, 119):
    f = frame.copy()
    if version == 114:
        f["name"] = f["name"].str.replace("ö", "o")  # 114 is Latin-1 only in pandas' writer
        f["essay"] = f["essay"].str.slice(0, 244)

    strl = None  # pandas 1.5.3 cannot read back its own big-endian strL files; strL is covered by the haven files
    path = f"pandas_msf_v{version}.dta"
    f.to_stata(path, write_index=False, version=version, byteorder="big", convert_strl=strl)
    back = pd.read_stata(path, convert_categoricals=True)
    for c in back.columns:
        if back[c].dtype == object:
            back[c] = back[c].replace("", np.nan)
    back.to_csv(f"pandas_msf_v{version}_expected.csv", index=False, na_rep="NA", float_format="%.17g")
