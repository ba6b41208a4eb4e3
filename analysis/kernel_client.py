"""The notebook step's kernel client (``KernelManager.client_class`` in
:func:`analysis.notebooks.kernel_config`): jupyter_client's asynchronous client, except that it
does not wait at the start for a pause on IOPub.

jupyter_client's ``wait_for_ready`` asks the kernel for its info until the reply comes and IOPub
is seen to be connected, and then reads IOPub until 0.2 s go by without a message, on every
kernel start (a fifth of a second per notebook, about half the start of a forked kernel). nbclient
reads only the IOPub messages that answer its own requests, so what start-up left there is taken
without waiting for more.
"""

from __future__ import annotations

import math
import queue
import time

from jupyter_client.asynchronous import AsyncKernelClient


class ReadyClient(AsyncKernelClient):
    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except queue.Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once the request's status message arrives there
                    await self.iopub_channel.get_msg(timeout=0.2)
                except queue.Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:  # what start-up left on IOPub, without waiting for more
            try:
                await self.iopub_channel.get_msg(timeout=0)
            except queue.Empty:
                return
