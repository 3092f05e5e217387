#!/usr/bin/env python3
"""Writes the TorchScript modules behind the cpu backend's casts (spi-backends resources).

DJL's PyTorch JNI maps no DataType to torch.bfloat16 (its dtype table stops at complex64), so
NDArray.toType(BFLOAT16) cannot reach libtorch, and its toType runs without autograd (a cast there
cuts the graph). This module does both casts, recorded by autograd so gradients flow through:
bfloat16 to float32, anything else to bfloat16. Four-dimensional arrays (images, activations,
convolution weights) go to bfloat16 in the channels-last layout, as PyTorch advises for CPU
convolutions: the whole network then runs channels-last instead of mixing layouts (libtorch's
convolutions pick channels-last when a 1x1 kernel's strides are ambiguous, and every op that meets
both layouts copies). Run with any PyTorch >= 1.10 (the file loads in
newer libtorch):
    /usr/bin/python3 scripts/make-casts.py
channels-last.pt gives fp32 four-dimensional arrays the channels-last layout the same way (DJL has no
memory formats), for the network inputs under fp32.
"""
import torch


class FlipBfloat16(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.bfloat16:
            return x.to(torch.float32)
        if x.dim() == 4:
            return x.to(torch.bfloat16).contiguous(memory_format=torch.channels_last)
        return x.to(torch.bfloat16)


class ChannelsLast(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 4:
            return x.contiguous(memory_format=torch.channels_last)
        return x


if __name__ == "__main__":
    base = "spi-backends/src/main/resources/org/vqforge/backends/pytorch/"
    for name, module in [("flip-bfloat16.pt", FlipBfloat16()), ("channels-last.pt", ChannelsLast())]:
        torch.jit.save(torch.jit.script(module), base + name)
        print("wrote", base + name)
