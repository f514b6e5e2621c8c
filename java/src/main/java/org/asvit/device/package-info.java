/**
 * What the libtorch natives of this build are and which CUDA devices they see: versions from the
 * Bytedeco presets and from libtorch, device names and compute capabilities, the CUDA caching allocator's
 * memory counters, and strict float32 arithmetic on CUDA. Only the API that both supported preset
 * releases share (1.5.13: libtorch 2.10 on CUDA 13; 1.5.12: libtorch 2.7.1 on CUDA 12) is used here.
 */
package org.asvit.device;
