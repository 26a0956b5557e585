import socket

sockfd = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sockfd.bind(('0.0.0.0', 8800))
sockfd.listen(5)
while True:
    print('Waiting for connect...')
    connfd, addr = sockfd.accept()
    print('Connect from', addr)
    while True:
        data = connfd.recv(1024)
        if data.decode() == '##':
            break
        print('Receive:', data.decode())
        connfd.send(b'Receive your message')
    connfd.close()
