"""Library behind the ECE 661 Homework 1 notebooks: one module per section, plus report helpers."""
