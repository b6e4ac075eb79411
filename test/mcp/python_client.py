"""One MCP conversation with the Python SDK (PyPI `mcp`) against VideoConduit's /mcp.

Usage: python_client.py BASE_URL API_KEY MEDIA_URL. Prints one JSON object with what it saw;
test/mcp.test.ts runs it (a second implementation catches protocol-version mismatches).
"""
import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def main(base: str, key: str, media: str) -> None:
    progress: list[float] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(value)

    http = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
    async with http, streamable_http_client(f"{base}/mcp", http_client=http) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = await session.list_tools()
            info = await session.call_tool("get_video_info", {"url": media})
            accepted = await session.call_tool("create_preview", {"url": media, "preview_type": "thumbnail", "width": 160})
            job_id = accepted.structured_content["job_id"]
            done = await session.call_tool("wait_for_job", {"job_id": job_id, "timeout_seconds": 60}, progress_callback=on_progress)
            error = await session.call_tool("get_job", {"job_id": "00000000-0000-7000-8000-000000000000"})
    print(json.dumps({
        "protocol_version": init.protocol_version,
        "server": init.server_info.name,
        "tools": sorted(t.name for t in tools.tools),
        "info_title": info.structured_content.get("title"),
        "info_text": info.content[0].text,
        "job_status": done.structured_content["status"],
        "job_text": done.content[0].text,
        "progress": progress,
        "error": {"isError": error.is_error, "code": error.structured_content["code"]},
    }))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
