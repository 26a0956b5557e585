"""Homework: a TCP server that serves client after client. 作业：依次服务多个客户端的 TCP 服务器。

Read README.md (English) or README.zh-CN.md (中文) first.
"""
from socket import socket, AF_INET, SOCK_STREAM

ADDR = ('0.0.0.0', 8888)

# TODO: create the listening socket `sockfd`, `bind` it to ADDR and `listen(5)`.
# TODO: the accept loop, for ever: `connfd, addr = sockfd.accept()`, then the
#       receive loop for that client: `data = connfd.recv(1024)`; leave it on
#       `b''` or '##'; otherwise answer with `connfd.send(...)`.
# TODO: after the receive loop, `connfd.close()` and go back to `accept()`.
