#!/usr/bin/env python3
"""Writes the TorchScript module behind backend.precision=bf16.

DJL's PyTorch JNI maps no DataType to torch.bfloat16 (its dtype table stops at complex64), so
NDArray.toType(BFLOAT16) cannot reach libtorch, and its toType runs without autograd (a cast there
cuts the graph). This module does both casts, recorded by autograd so gradients flow through:
bfloat16 to float32, anything else to bfloat16. Four-dimensional arrays (images, activations,
convolution weights) go to bfloat16 in the channels-last layout, as PyTorch advises for CPU
convolutions: the whole network then runs channels-last instead of mixing layouts (libtorch's
convolutions pick channels-last when a 1x1 kernel's strides are ambiguous, and every op that meets
both layouts copies). Run with any PyTorch >= 1.10 (the file loads in
newer libtorch):
    /usr/bin/python3 scripts/make-bfloat16-cast.py
"""
import torch


class FlipBfloat16(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.bfloat16:
            return x.to(torch.float32)
        if x.dim() == 4:
            return x.to(torch.bfloat16).contiguous(memory_format=torch.channels_last)
        return x.to(torch.bfloat16)


if __name__ == "__main__":
    out = "spi-backends/src/main/resources/org/vqforge/backends/pytorch/flip-bfloat16.pt"
    torch.jit.save(torch.jit.script(FlipBfloat16()), out)
    print("wrote", out)
